import { jsonArrayElements, type ArrayElement } from './json-array-elements.js';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function elements(text: string, size: number, max?: number): Promise<ArrayElement[]> {
  const out: ArrayElement[] = [];
  for await (const element of jsonArrayElements(pieces(text, size), max)) out.push(element);
  return out;
}

describe('the elements of a streamed {"articles": [...]}', () => {
  const text = '{"articles": [ {"title": "a, [b] {c} \\"d\\""}, {"n": [1, 2]} ,\n 7, {"bad": } ]}';

  it('parses each element on its own, however the text is cut, and reports a bad one by position', async () => {
    for (const size of [1, 3, 1000])
      expect(await elements(text, size)).toEqual([
        { position: 1, value: { title: 'a, [b] {c} "d"' } },
        { position: 2, value: { n: [1, 2] } },
        { position: 3, value: 7 },
        { position: 4, reason: expect.stringMatching(/^not valid JSON/) },
      ]);
  });

  it("reads GDELT's empty answer {} as no articles, refuses an overlong element and says when the list is cut", async () => {
    expect(await elements('{}', 1)).toEqual([]);
    expect(await elements(`{"articles": [{"t": "${'x'.repeat(100)}"}, {"t": 1}]}`, 7, 50)).toEqual([
      { position: 1, reason: 'longer than 50 characters' },
      { position: 2, value: { t: 1 } },
    ]);
    expect(await elements('{"articles": [{"t": 1}, {"t": ', 4)).toEqual([
      { position: 1, value: { t: 1 } },
      { position: 2, reason: 'the file ends inside the article list (cut short?)' },
    ]);
  });
});
