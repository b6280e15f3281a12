import { isOptOut } from './opt-out-keywords';

describe('isOptOut', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit!', 'Arrêt', 'ALTO', 'baja'])(
    '%j opts out',
    (body) => expect(isOptOut(body)).toBe(true),
  );

  it.each(["Don't stop, I'm interested", 'stop texting me please', 'Ending soon?', 'Yes', ''])(
    '%j is a reply, not an opt-out',
    (body) => expect(isOptOut(body)).toBe(false),
  );
});
