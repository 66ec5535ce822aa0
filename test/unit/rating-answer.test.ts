import { parseRatingAnswer } from '../../src/features/ratings/rating-answer';

describe('parseRatingAnswer', () => {
  test.each([
    ['5', { kind: 'score', score: 5, comment: null }],
    [' 1 ', { kind: 'score', score: 1, comment: null }],
    ['4 mantap, cepat ditangani', { kind: 'score', score: 4, comment: 'mantap, cepat ditangani' }],
    ['3. lumayan', { kind: 'score', score: 3, comment: 'lumayan' }],
    ['2 - masih bocor pak', { kind: 'score', score: 2, comment: 'masih bocor pak' }],
    ['4/5 oke', { kind: 'score', score: 4, comment: 'oke' }],
    ['5mantap', { kind: 'score', score: 5, comment: 'mantap' }],
    ['⭐5', { kind: 'score', score: 5, comment: null }],
    ['⭐⭐⭐⭐', { kind: 'score', score: 4, comment: null }],
    ['⭐️⭐️', { kind: 'score', score: 2, comment: null }],
    ['5\nterima kasih banyak', { kind: 'score', score: 5, comment: 'terima kasih banyak' }],
    ['7', { kind: 'out_of_range' }],
    ['0', { kind: 'out_of_range' }],
    ['10', { kind: 'out_of_range' }],
    ['4,5', { kind: 'out_of_range' }],
    ['⭐⭐⭐⭐⭐⭐', { kind: 'none' }],
    ['10 kursi patah di aula', { kind: 'none' }],
    ['lima', { kind: 'none' }],
    ['ok', { kind: 'none' }],
    ['', { kind: 'none' }],
    ['lampu 3 mati', { kind: 'none' }],
  ])('When the answer is %j, then it reads as %j', (text, expected) => {
    expect(parseRatingAnswer(text)).toEqual(expected);
  });

  test('When the comment is very long, then 1000 characters are kept', () => {
    const answer = parseRatingAnswer(`4 ${'a'.repeat(1500)}`);
    expect(answer).toEqual({ kind: 'score', score: 4, comment: 'a'.repeat(1000) });
  });
});
