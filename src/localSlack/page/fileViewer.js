// @ts-check
/**
 * A file shared in a message (the post-mortem draft), opened in a <dialog> named by the file's
 * title: its Markdown rendered as a document, with a download of the bytes as uploaded.
 */
import { h } from './dom.js';
import { getFile } from './api.js';
import { renderMarkdown } from './markdown.js';

/** Where a file's text is shown as it is: anything that is not Markdown. */
const MARKDOWN_NAME = /\.(md|markdown)$/i;

/**
 * Fetches the file and shows it; rejects with the server's words when it cannot.
 * @param {string} id
 */
export async function openFile(id) {
  const file = await getFile(id);
  const titleId = 'file-title';
  const name = String(file.name ?? 'file');
  const content = String(file.content ?? '');
  const download = h('a', { class: 'bk-button', download: name }, 'Download');
  // A blob: URL for the download, released when the dialog closes.
  const url = URL.createObjectURL(new Blob([content], { type: 'text/markdown;charset=utf-8' }));
  download.setAttribute('href', url);
  const close = h('button', { type: 'button', class: 'bk-button primary' }, 'Close');
  const dialog = h('dialog', { class: 'file-dialog', 'aria-labelledby': titleId }, [
    h('header', { class: 'file-header' }, [
      h('div', {}, [h('h2', { id: titleId }, String(file.title || name)), h('p', { class: 'file-name' }, name)]),
      h('div', { class: 'file-actions' }, [download, close]),
    ]),
    // Not an <article>: those are the channel's messages.
    h(
      'div',
      { class: 'file-document md' },
      MARKDOWN_NAME.test(name) || !/\.[a-z0-9]+$/i.test(name)
        ? renderMarkdown(content, { headingOffset: 2 })
        : h('pre', {}, content),
    ),
  ]);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    URL.revokeObjectURL(url);
    dialog.remove();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  close.focus();
}
