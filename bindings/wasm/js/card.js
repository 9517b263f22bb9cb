// `Ruleset.score` and `Ruleset.scoreNumbers` in JS: the ruleset's outline (its card's fixed
// parts: ids, titles, points) and its grade bands and flags cross once, each scoring only its line
// of numbers (the core's kaohe::line) and, explained, each item's effects as JSON, kept as bytes
// until the item's `effects` is first read. A card is the one `scoreJson` writes, JSON.parse'd:
// decimals stay the strings the core wrote, and every card has its own objects.

const TAB = 9;
const utf8 = new TextDecoder();

/** Gives `Ruleset.prototype` its `score` and `scoreNumbers`, over the glue's `outlineJson`,
 * `describe`, `scoreLine`, `explainedLine` and `numbersLine`. */
export function withScore(Ruleset) {
  const shapes = new WeakMap();
  function shapeOf(ruleset) {
    let shape = shapes.get(ruleset);
    if (!shape) {
      const { grades, flags } = ruleset.describe();
      const card = JSON.parse(ruleset.outlineJson());
      const itemCount = card.sections.reduce((n, section) => n + section.items.length, 0);
      shape = { card, grades, flags, itemCount };
      shapes.set(ruleset, shape);
    }
    return shape;
  }
  const methods = {
    score(inputs, trace = true) {
      const shape = shapeOf(this);
      if (!trace) return cardOf(shape, this.scoreLine(inputs).split("\t"), []);
      const [fields, effects] = explainedFields(this.explainedLine(inputs), shape.itemCount);
      return cardOf(shape, fields, effects);
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

/**
 * An explained line's 8 fields of numbers (ASCII, decoded) and each item's effects (its JSON
 * array's UTF-8 bytes, empty for an item without effects): the effects are split by their tabs
 * (JSON text holds none, and no byte of a multi-byte character is one), not decoded.
 */
function explainedFields(bytes, items) {
  let end = -1;
  for (let n = 0; n < 8; n++) end = bytes.indexOf(TAB, end + 1);
  const fields = utf8.decode(bytes.subarray(0, end)).split("\t");
  const effects = [];
  for (let n = 0; n < items; n++) {
    const start = end + 1;
    end = bytes.indexOf(TAB, start);
    if (end < 0) end = bytes.length;
    effects.push(bytes.subarray(start, end));
  }
  return [fields, effects];
}

/** Gives `item` its `effects`, read from their JSON bytes when first asked for, then kept. */
function effectsWhenRead(item, bytes) {
  let effects;
  let read = false;
  Object.defineProperty(item, "effects", {
    enumerable: true,
    configurable: true,
    get() {
      if (!read) {
        effects = JSON.parse(utf8.decode(bytes));
        read = true;
      }
      return effects;
    },
    set(value) {
      effects = value;
      read = true;
    },
  });
}

/** The card of one line's fields: the outline's fixed parts with the numbers and each item's effects. */
function cardOf({ card, grades, flags }, fields, itemEffects) {
  const [total, grade, raised, scores, totalZeroed, metrics, sections, details] = fields;
  const [itemScores, metricValues, sectionNumbers, itemNumbers] = [scores, metrics, sections, details].map(list);
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
        if (itemEffects[at]?.length) effectsWhenRead(scored, itemEffects[at]);
        at += 1;
        return scored;
      }),
    })),
  };
}
