import { EditorView, basicSetup } from 'codemirror'
import { keymap, placeholder } from '@codemirror/view'
import { Compartment, Prec } from '@codemirror/state'
import { sql, StandardSQL, type SQLNamespace } from '@codemirror/lang-sql'

/**
 * A CodeMirror 6 SQL editor: highlighting, completion of the given schema (database -> table -> columns, and the
 * workspace's own tables without database), Ctrl/Cmd+Enter to run.
 */
export interface SqlEditorHandle {
  view: EditorView
  setSchema(schema: SQLNamespace, defaultSchema?: string): void
  text(): string
  /** The selected text, or all of it when nothing is selected. */
  selectionOrAll(): string
  setText(text: string): void
  destroy(): void
}

export function createSqlEditor(
  parent: HTMLElement,
  options: { doc: string; label: string; placeholder: string; onRun: () => void; onChange: (text: string) => void },
): SqlEditorHandle {
  const language = new Compartment()
  const view = new EditorView({
    parent,
    doc: options.doc,
    extensions: [
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }])),
      basicSetup,
      language.of(sql({ dialect: StandardSQL, upperCaseKeywords: true })),
      placeholder(options.placeholder),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': options.label, 'data-testid': 'workspace-sql-input' }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) options.onChange(u.state.doc.toString())
      }),
      EditorView.theme({ '&': { minHeight: '160px', maxHeight: '360px', border: '1px solid #dcdfe6', borderRadius: '4px' }, '.cm-scroller': { overflow: 'auto' } }),
    ],
  })
  return {
    view,
    setSchema(schema, defaultSchema) {
      view.dispatch({
        effects: language.reconfigure(sql({ dialect: StandardSQL, upperCaseKeywords: true, schema, defaultSchema })),
      })
    },
    text: () => view.state.doc.toString(),
    selectionOrAll() {
      const sel = view.state.selection.main
      const picked = sel.empty ? '' : view.state.sliceDoc(sel.from, sel.to)
      return picked.trim() ? picked : view.state.doc.toString()
    },
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })
      view.focus()
    },
    destroy: () => view.destroy(),
  }
}
