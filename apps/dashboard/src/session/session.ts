const KEY = 'stepwise.apiKey';

/** The tenant's API key lives in this tab's session only: closing the tab signs out. */
export function readApiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveApiKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
