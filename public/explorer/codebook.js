// The codebook page: docs/codebook.md (generated from the export's column declaration, like the CSV
// header and datapackage.json), as the server serves it at /explorer/codebook.md, shown as a page.
import { inline, parseMarkdown } from './markdown.js';

function runs(text) {
  return inline(text).map((run) => {
    if (run.code !== undefined) return Object.assign(document.createElement('code'), { textContent: run.code });
    if (run.strong !== undefined) return Object.assign(document.createElement('strong'), { textContent: run.strong });
    if (run.link !== undefined) {
      // Links out (the licence) and to the server's own downloads work; links to other docs files do not
      // exist on the server, so they stay text.
      if (/^(https?:\/\/|\/)/i.test(run.href)) {
        return Object.assign(document.createElement('a'), { textContent: run.link, href: run.href, rel: 'noopener noreferrer' });
      }
      return document.createTextNode(run.link);
    }
    return document.createTextNode(run.text);
  });
}

function element(tag, children = []) {
  const node = document.createElement(tag);
  node.append(...children);
  return node;
}

function labelled(td, label = '') {
  td.dataset.label = label;
  return td;
}

function render(blocks) {
  return blocks.map((block) => {
    if (block.type === 'heading') return element(`h${Math.min(block.level, 3)}`, runs(block.text));
    if (block.type === 'list') return element('ul', block.items.map((item) => element('li', runs(item))));
    if (block.type === 'table') {
      const table = element('table', [
        element('thead', [element('tr', block.head.map((c) => Object.assign(element('th', runs(c)), { scope: 'col' })))]),
        // Each cell names its column, so that on a phone a row can be a card of labelled lines.
        element('tbody', block.rows.map((row) => element('tr', row.map((c, i) => labelled(element('td', runs(c)), block.head[i]))))),
      ]);
      table.className = 'codebook-table';
      const frame = element('div', [table]);
      frame.className = 'table-scroll';
      frame.tabIndex = 0;
      return frame;
    }
    return element('p', runs(block.text));
  });
}

async function start() {
  const main = document.querySelector('#codebook');
  try {
    const response = await fetch('/explorer/codebook.md');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    main.replaceChildren(...render(parseMarkdown(await response.text())));
    document.title = `${main.querySelector('h1')?.textContent ?? 'Codebook'}: recruitment from Ukraine’s occupied territories`;
    document.body.dataset.state = 'ready';
  } catch (error) {
    main.replaceChildren(Object.assign(document.createElement('p'), { className: 'notice', textContent: `The codebook could not be loaded (${error.message}).` }));
    document.body.dataset.state = 'error';
  }
}

start();
