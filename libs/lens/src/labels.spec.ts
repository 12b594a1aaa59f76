import { hypothesisLanguage, needsMultilingualModel } from './labels.js';

describe('the language a text is scored in', () => {
  it('keeps the languages the lenses carry, and asks in English for an unknown or other one', () => {
    expect(hypothesisLanguage('ru', 'Россия и Китай')).toBe('ru');
    expect(hypothesisLanguage('zh', '中俄')).toBe('zh');
    expect(hypothesisLanguage('unknown', 'Россия и Китай')).toBe('en');
    expect(hypothesisLanguage('de', 'Russland und China')).toBe('en');
  });

  it('guesses from the script only when the text declares no language', () => {
    expect(hypothesisLanguage(null, 'Россия и Китай')).toBe('ru');
    expect(hypothesisLanguage(undefined, '中俄关系')).toBe('zh');
    expect(hypothesisLanguage(null, 'Russia and China')).toBe('en');
  });

  it('sends every text not known to be English to the multilingual model', () => {
    expect(needsMultilingualModel('en', 'Russia and China')).toBe(false);
    expect(needsMultilingualModel('unknown', 'Russia and China')).toBe(true);
    expect(needsMultilingualModel('de', 'Russland und China')).toBe(true);
    expect(needsMultilingualModel('ru', 'Россия')).toBe(true);
    expect(needsMultilingualModel(null, 'Russia and China')).toBe(false);
    expect(needsMultilingualModel(null, 'Россия и Китай')).toBe(true);
  });
});
