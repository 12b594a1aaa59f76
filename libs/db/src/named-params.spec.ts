import { bindNamed } from './named-params.js';

describe('bindNamed', () => {
  it('numbers the parameters a query uses, in order of first use, and leaves casts alone', () => {
    const { text, params } = bindNamed('SELECT :b::int + :a, :b::text, x::date', { a: 1, b: 2, unused: 3 });
    expect(text).toBe('SELECT $1::int + $2, $1::text, x::date');
    expect(params).toEqual([2, 1]);
  });

  it('refuses a placeholder without a value', () => {
    expect(() => bindNamed('SELECT :missing', {})).toThrow(/:missing/);
  });
});
