// `Ruleset.score` and `Ruleset.scoreNumbers` in JS: the ruleset's outline (its card's fixed
// parts: ids, titles, points) and its grade bands and flags cross once, each scoring only its line
// of numbers (the core's kaohe::line) and, explained, each item's effects as JSON. A card is the
// one `scoreJson` writes, JSON.parse'd: decimals stay the strings the core wrote, and every card
// has its own objects.

/** Gives `Ruleset.prototype` its `score` and `scoreNumbers`, over the glue's `outlineJson`,
 * `describe`, `scoreLine` and `numbersLine`. */
export function withScore(Ruleset) {
  const shapes = new WeakMap();
  function shapeOf(ruleset) {
    let shape = shapes.get(ruleset);
    if (!shape) {
      const { grades, flags } = ruleset.describe();
      shape = { card: JSON.parse(ruleset.outlineJson()), grades, flags };
      shapes.set(ruleset, shape);
    }
    return shape;
  }
  const methods = {
    score(inputs, trace = true) {
      return cardOf(shapeOf(this), this.scoreLine(inputs, trace));
    },
    scoreNumbers(inputs) {
      const { grades, flags } = shapeOf(this);
      const [total, grade, raised, scores] = this.numbersLine(inputs).split("\t");
      return {
        total,
        grade: grade === "" ? null : grades[Number(grade)].label,
        items: list(scores),
        flags: list(raised).map((k) => flags[Number(k)].id),
      };
    },
  };
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(Ruleset.prototype, name, { configurable: true, writable: true, value });
  }
}

/** The values of a field of a line. */
function list(field) {
  return field === "" ? [] : field.split(",");
}

/** The card of one line: the outline's fixed parts with the line's numbers and effects. */
function cardOf({ card, grades, flags }, line) {
  const [total, grade, raised, scores, totalZeroed, metrics, sections, details, effects] = line.split("\t");
  const [itemScores, metricValues, sectionNumbers, itemNumbers] = [scores, metrics, sections, details].map(list);
  const itemEffects = effects === undefined ? [] : JSON.parse(effects);
  let at = 0;
  return {
    format: card.format,
    ruleset: card.ruleset,
    ruleset_version: card.ruleset_version,
    total,
    full_marks: card.full_marks,
    grade: grade === "" ? null : { ...grades[Number(grade)] },
    flags: list(raised).map((k) => ({ ...flags[Number(k)] })),
    total_zeroed: totalZeroed === "1",
    metrics: card.metrics.map(({ name }, k) => ({ name, value: metricValues[k] })),
    sections: card.sections.map((section, k) => ({
      id: section.id,
      title: section.title,
      title_en: section.title_en,
      points: section.points,
      score: sectionNumbers[2 * k],
      bonus: section.bonus,
      zeroed: sectionNumbers[2 * k + 1] === "1",
      items: section.items.map((item) => {
        const [deducted, awarded] = itemNumbers.slice(3 * at, 3 * at + 2);
        const marks = Number(itemNumbers[3 * at + 2]);
        const scored = {
          id: item.id,
          title: item.title,
          title_en: item.title_en,
          points: item.points,
          score: itemScores[at],
          deducted,
          awarded,
          zeroed: (marks & 1) !== 0,
          floored: (marks & 2) !== 0,
          capped: (marks & 4) !== 0,
        };
        if (itemEffects[at]?.length) scored.effects = itemEffects[at];
        at += 1;
        return scored;
      }),
    })),
  };
}
