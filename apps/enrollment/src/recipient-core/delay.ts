import type { Delay } from './sequence-definition';

const MINUTE = 60_000;

/** When a step with this delay is due, counted from `from`. Business days skip Saturdays and Sundays. */
export function addDelay(from: Date, delay: Delay): Date {
  switch (delay.unit) {
    case 'minutes':
      return new Date(from.getTime() + delay.amount * MINUTE);
    case 'hours':
      return new Date(from.getTime() + delay.amount * 60 * MINUTE);
    case 'days':
      return new Date(from.getTime() + delay.amount * 24 * 60 * MINUTE);
    case 'business_days':
      return addBusinessDays(from, delay.amount);
  }
}

function addBusinessDays(from: Date, days: number): Date {
  const result = new Date(from);
  let left = days;
  while (left > 0) {
    result.setUTCDate(result.getUTCDate() + 1);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return result;
}
