import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { fieldErrorsException, fieldPath } from './field-errors';

const NUL = '\u0000';

/**
 * Postgres text cannot hold U+0000, so a NUL anywhere in a body, query or route parameter would
 * surface as a 500 from the database, after the handler had started its work. Refused at the edge
 * instead, naming the field. Registered for every route by PlatformModule.
 */
@Injectable()
export class NulByteRejectionPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const path = pathToNul(value);
    if (!path) return value;
    const field = fieldPath(metadata.data ? [metadata.data, ...path] : path);
    throw fieldErrorsException([{ field, message: 'must not contain the NUL character (\\u0000)' }]);
  }
}

interface Visit {
  value: unknown;
  key?: PropertyKey;
  parent?: Visit;
}

/** Iterative and with shared parent links, so a deeply nested body costs linear time and no stack. */
function pathToNul(root: unknown): PropertyKey[] | null {
  const pending: Visit[] = [{ value: root }];
  while (pending.length > 0) {
    const visit = pending.pop() as Visit;
    const { value } = visit;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return pathOf(visit);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childKey = Array.isArray(value) ? Number(key) : key;
        if (key.includes(NUL)) return pathOf({ value: child, key: childKey, parent: visit });
        pending.push({ value: child, key: childKey, parent: visit });
      }
    }
  }
  return null;
}

function pathOf(visit: Visit): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
