// Scores the Ningbo example month (examples/ningbo/jiangbei-2026-03.json) with the Java package.
// From the repository's root:
//
//     sh bindings/java/build.sh
//     javac -cp target/java/kaohe.jar -d target/java/example examples/java/ScoreMonth.java
//     java -cp target/java/kaohe.jar:target/java/example ScoreMonth

import io.github.kaohe.Ruleset;
import io.github.kaohe.ScoreCard;
import java.nio.file.Files;
import java.nio.file.Path;

public class ScoreMonth {
    public static void main(String[] args) throws Exception {
        String month = Files.readString(Path.of("examples/ningbo/jiangbei-2026-03.json"));
        // Load once, score any number of units and months (from any thread); close to free it.
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            // A platform holding JSON gets the card as JSON to store, and the same card as
            // numbers (BigDecimal, never double) to work with.
            ScoreCard card = ScoreCard.fromJson(ningbo.explainJson(month));
            String grade = card.grade() == null ? "" : " " + card.grade().label();
            System.out.println(card.ruleset() + " 江北区 2026-03: " + card.total() + " / " + card.fullMarks() + grade);
            for (ScoreCard.Section section : card.sections()) {
                for (ScoreCard.Item item : section.items()) {
                    for (ScoreCard.Effect effect : item.effects()) {
                        System.out.println("  " + item.title() + " " + item.score() + ": " + effect.messageZh());
                    }
                }
            }
        }
    }
}
