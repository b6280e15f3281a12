import { newText } from './new-text';

describe('newText', () => {
  it('drops quoted lines above the answer', () => {
    expect(newText('> Are you on vacation?\n> Rita\n\nNo, I am here.')).toBe('No, I am here.');
  });

  it('drops everything from the attribution line of a top-posted answer', () => {
    expect(newText('Sounds good!\n\nOn Tue, 24 Nov 2026, Rita <r@acme.example> wrote:\nout of office')).toBe(
      'Sounds good!',
    );
    expect(newText('Gerne.\n\nAm 24.11.2026 schrieb Rita:\nText')).toBe('Gerne.');
    expect(newText('Yes\n-----Original Message-----\nFrom: Rita')).toBe('Yes');
  });
});
