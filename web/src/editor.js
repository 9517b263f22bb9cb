// The ruleset editor: TOML with the core's diagnostics at their line and column as you type.
import { EditorView, basicSetup } from "codemirror";
import { StreamLanguage } from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { linter, lintGutter } from "@codemirror/lint";

/**
 * An editor in `parent`. `check(text)` returns the core's diagnostics (`[]` when the text loads);
 * each is shown at its line and column, and `onChecked(diagnostics, text)` hears every check.
 */
export function rulesetEditor(parent, check, onChecked) {
  const lint = linter((view) => {
    const text = view.state.doc.toString();
    const diagnostics = check(text);
    onChecked(diagnostics, text);
    return diagnostics.map((d) => {
      const line = view.state.doc.line(Math.min(Math.max(d.line, 1), view.state.doc.lines));
      const from = Math.min(line.from + Math.max(d.column - 1, 0), line.to);
      return { from, to: Math.max(from, line.to), severity: "error", message: d.hint ? `${d.message} (${d.hint})` : d.message };
    });
  }, { delay: 300 });
  return new EditorView({ doc: "", parent, extensions: [basicSetup, StreamLanguage.define(toml), lintGutter(), lint, EditorView.lineWrapping] });
}

/** Replaces the editor's text. */
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
