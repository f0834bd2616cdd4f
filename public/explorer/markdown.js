// A small reader for the subset of Markdown that docs/codebook.md uses (headings, paragraphs, lists,
// tables, `code`, **bold** and [links](url)), so the explorer can show the codebook as a page without a
// library. It returns plain data; the page builds elements from it with textContent, so nothing in
// the file can become markup.

/** Inline text as runs: { text }, { code }, { strong }, { link, href }. */
export function inline(text) {
  const runs = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) runs.push({ text: text.slice(last, m.index) });
    if (m[1] !== undefined) runs.push({ code: m[1] });
    else if (m[2] !== undefined) runs.push({ strong: m[2] });
    else runs.push({ link: m[3], href: m[4] });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}

/** A table row's cells; `\|` is a pipe inside a cell. */
function cells(line) {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replaceAll('\\|', '|'));
}

/** The blocks of a document: heading, paragraph, list, table (comments and blank lines dropped). */
export function parseMarkdown(source) {
  const lines = source.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/);
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1].length, text: heading[2] });
      i++;
    } else if (line.trimStart().startsWith('|')) {
      const rows = [];
      while (i < lines.length && lines[i].trimStart().startsWith('|')) rows.push(lines[i++]);
      const [head, , ...body] = rows;
      blocks.push({ type: 'table', head: cells(head), rows: body.map(cells) });
    } else if (/^\s*[-*]\s+/.test(line)) {
      const items = [];
      while (i < lines.length && lines[i].trim()) {
        if (/^\s*[-*]\s+/.test(lines[i])) items.push(lines[i].replace(/^\s*[-*]\s+/, ''));
        else items[items.length - 1] += ` ${lines[i].trim()}`;
        i++;
      }
      blocks.push({ type: 'list', items });
    } else {
      const text = [];
      while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|\s*\||\s*[-*]\s)/.test(lines[i])) text.push(lines[i++].trim());
      blocks.push({ type: 'paragraph', text: text.join(' ') });
    }
  }
  return blocks;
}
