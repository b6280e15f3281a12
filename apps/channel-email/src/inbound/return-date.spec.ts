import { findReturnDate } from './return-date';

const received = new Date('2026-11-25T09:00:00Z');

describe('findReturnDate', () => {
  it.each([
    ['I am back on 2026-12-03.', '2026-12-03'],
    ['Ich bin ab dem 03.12.2026 wieder im Büro.', '2026-12-03'],
    ['Zurück am 3.12.', '2026-12-03'],
    ['De retour le 03/12/2026.', '2026-12-03'],
    ['Back on 12/31/2026', '2026-12-31'],
    ['I will return on December 3, 2026.', '2026-12-03'],
    ['Out until 3rd December', '2026-12-03'],
    ['Ich bin bis zum 3. Dezember nicht erreichbar.', '2026-12-03'],
    ['Je serai absent jusqu’au 3 décembre 2026.', '2026-12-03'],
    ['Estaré fuera de la oficina hasta el 3 de diciembre de 2026.', '2026-12-03'],
    ['Back on 5 January', '2027-01-05'],
    ['Away from 1 December to 7 December 2026', '2026-12-07'],
  ])('reads %p as %s', (text, expected) => {
    expect(findReturnDate(text, received)).toBe(expected);
  });

  it('finds nothing when no date is written, or only past ones', () => {
    expect(findReturnDate('I am out of the office with limited access to email.', received)).toBeUndefined();
    expect(findReturnDate('Sent on 2025-01-01', received)).toBeUndefined();
  });
});
