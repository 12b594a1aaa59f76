import { parseFeedDate } from './date.js';

const iso = (s: string) => parseFeedDate(s)?.toISOString() ?? null;

describe('parseFeedDate', () => {
  test.each([
    ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
    ['Mon, 26 January 2004 16:31:00 EST', '2004-01-26T21:31:00.000Z'],
    ['Sun, 11 Jul 2004 12:00:00 PDT', '2004-07-11T19:00:00.000Z'],
    ['Thu, 01 Jan 2004 19:48:21 UT', '2004-01-01T19:48:21.000Z'],
    ['Thu, 01 Jan 2004 19:48:21 Z', '2004-01-01T19:48:21.000Z'],
    ['Thu, 01 Jan 2004 19:48:21 N', '2004-01-01T18:48:21.000Z'],
    ['2003-12-31T10:14:55-08:00', '2003-12-31T18:14:55.000Z'],
    ['2007-04-23T23:25:47.538+10:00', '2007-04-23T13:25:47.000Z'],
    ['2019-05-18 10:58:46 +0300', '2019-05-18T07:58:46.000Z'],
    ['Friday, January 29, 2021 04:42 PM', '2021-01-29T16:42:00.000Z'],
    ['January, 29 Jan 2021 17:56:15 +0530', '2021-01-29T12:26:15.000Z'],
    ['Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  test.each([
    '',
    'yesterday',
    'Sun, 16 zzz 2012 11:47:32 GMT',
    '2003-12-31T25:14:55Z',
    'Sun, 99 Jun 2009 12:00:00 GMT',
    '2013-xx-27',
  ])('unparseable %j is null, never an Invalid Date', (input) => {
    expect(parseFeedDate(input)).toBeNull();
  });
});
