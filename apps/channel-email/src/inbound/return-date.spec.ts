import { findReturnDate } from './return-date';

const received = new Date('2026-11-25T09:00:00Z'); // a Wednesday

describe('findReturnDate', () => {
  it.each([
    ['I am back on 2026-12-03.', '2026-12-03'],
    ['Ich bin ab dem 03.12.2026 wieder im Büro.', '2026-12-03'],
    ['De retour le 03/12/2026.', '2026-12-03'],
    ['I will return on December 3, 2026.', '2026-12-03'],
    ['Back on 5 January', '2027-01-05'],
    // Until a day, or a range: away through the last day, back the day after.
    ['Out until 3rd December', '2026-12-04'],
    ['Ich bin bis zum 3. Dezember nicht erreichbar.', '2026-12-04'],
    ['Je serai absent jusqu’au 3 décembre 2026.', '2026-12-04'],
    ['Estaré fuera de la oficina hasta el 3 de diciembre de 2026.', '2026-12-04'],
    ['Sarò assente fino al 3 dicembre.', '2026-12-04'],
    ['Estou ausente até 3 de dezembro.', '2026-12-04'],
    ['Ik ben afwezig tot 3 december.', '2026-12-04'],
    ['Jestem na urlopie do 3 grudnia.', '2026-12-04'],
    ['12月3日まで不在です。', '2026-12-04'],
    ['Away from 1 December to 7 December 2026', '2026-12-08'],
    ['I am away July 10-31.', '2027-08-01'],
    // Relative dates, against the received time.
    ['Back on Monday', '2026-11-30'],
    ['Ich bin ab Montag wieder im Büro.', '2026-11-30'],
  ])('reads %p as %s', (text, expected) => {
    expect(findReturnDate(text, received)).toBe(expected);
  });

  it('finds nothing when no date is written, or only past ones', () => {
    expect(findReturnDate('I am out of the office with limited access to email.', received)).toBeUndefined();
    expect(findReturnDate('Sent on 2025-01-01', received)).toBeUndefined();
  });
});
