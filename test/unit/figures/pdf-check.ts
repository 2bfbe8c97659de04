// Checks a PDF's structure without a PDF library: header, xref offsets (each points at its
// object), stream lengths, trailer, and the page count. Throws on the first problem.
export function checkPdf(bytes: Uint8Array): { pages: number } {
  const text = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  const fail = (why: string): never => {
    throw new Error(`invalid PDF: ${why}`);
  };
  if (!text.startsWith('%PDF-')) fail('no %PDF- header');
  if (!text.trimEnd().endsWith('%%EOF')) fail('no %%EOF');
  const sx = /startxref\n(\d+)\n%%EOF\s*$/.exec(text) ?? fail('no startxref');
  const at = Number(sx[1]);
  if (text.slice(at, at + 4) !== 'xref') fail(`startxref ${at} does not point at xref`);
  const head = /^xref\n0 (\d+)\n/.exec(text.slice(at)) ?? fail('bad xref header');
  const size = Number(head[1]);
  const entries = text
    .slice(at + head[0].length)
    .split('\n')
    .slice(0, size);
  if (entries[0] !== '0000000000 65535 f ') fail('bad free entry');
  for (let i = 1; i < size; i++) {
    if (!/^\d{10} 00000 n $/.test(entries[i] ?? '')) fail(`bad xref entry ${i}`);
    const off = Number((entries[i] as string).slice(0, 10));
    if (text.slice(off, off + `${i} 0 obj`.length) !== `${i} 0 obj`)
      fail(`xref entry ${i} points at ${off}, not at object ${i}`);
  }
  if (!new RegExp(`trailer\\n<< /Size ${size} /Root \\d+ 0 R`).test(text)) fail('bad trailer');
  for (const m of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const end = m.index + m[0].length + Number(m[1]);
    if (text.slice(end, end + 9) !== 'endstream') fail(`stream length wrong at ${m.index}`);
  }
  const count = /\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(text) ?? fail('no page tree');
  const pages = Number(count[1]);
  if ((text.match(/\/Type \/Page /g) ?? []).length !== pages) fail('page count mismatch');
  return { pages };
}
