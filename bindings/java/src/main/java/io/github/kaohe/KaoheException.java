package io.github.kaohe;

/** What kaohe refused: a ruleset ({@link RulesetException}) or inputs ({@link InputException}). */
public abstract class KaoheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KaoheException(String message) {
        super(message);
    }

    /** The stable code of the first problem: {@code "ruleset"} or an input error's kind. */
    public abstract String kind();
}
