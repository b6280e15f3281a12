import { MessageStore, type ReceivedMessage } from './message-store';

const message = (messageId: string | null, to = ['a@example.com']): ReceivedMessage => ({
  messageId,
  from: 'sender@example.com',
  to,
  subject: 's',
  headers: {},
});

describe('MessageStore', () => {
  it('counts every message, per Message-ID and per recipient (case-insensitive)', () => {
    const store = new MessageStore();
    store.add(message('<1@x>', ['Ada@Example.com']));
    store.add(message('<1@x>', ['ada@example.com', 'bob@example.com']));
    store.add(message(null));

    expect(store.snapshot()).toMatchObject({ count: 3, duplicateMessageIds: 1 });
    expect(store.countForMessageId('<1@x>')).toBe(2);
    expect(store.countForRecipient('ADA@example.com')).toBe(2);
  });

  it('keeps only the most recent messages, oldest first, while counting all', () => {
    const store = new MessageStore(3);
    for (let n = 1; n <= 5; n++) store.add(message(`<${n}@x>`));

    const snapshot = store.snapshot();
    expect(snapshot.count).toBe(5);
    expect(snapshot.messages.map((m) => m.messageId)).toEqual(['<3@x>', '<4@x>', '<5@x>']);
  });

  it('forgets everything on reset', () => {
    const store = new MessageStore(2);
    for (let n = 1; n <= 3; n++) store.add(message('<same@x>'));
    store.reset();
    store.add(message('<same@x>'));

    expect(store.snapshot()).toEqual({ count: 1, duplicateMessageIds: 0, messages: [message('<same@x>')] });
  });
});

describe('MessageStore bodies', () => {
  it('keeps bodies for the most recent messages only, and finds a message by its Message-ID', () => {
    const store = new MessageStore(10, 2);
    for (const id of ['<1@x>', '<2@x>', '<3@x>'])
      store.add({ ...message(id), text: `body ${id}`, html: `<p>${id}</p>` });
    expect(store.find('1@x')).toEqual(message('<1@x>'));
    expect(store.find('<3@x>')).toMatchObject({ text: 'body <3@x>', html: '<p><3@x></p>' });
    expect(store.find('<4@x>')).toBeNull();
  });
});
