// The image's HEALTHCHECK: exits 0 when the service in this container answers its liveness route.
// Plain Node (no dependencies, no shell, no curl in the slim image). An optional URL argument
// checks something else, e.g. a stand-in's own route in docker-compose.yml.
'use strict';

const url = process.argv[2] || `http://127.0.0.1:${process.env.HTTP_PORT || '3000'}/health/live`;

fetch(url, { signal: AbortSignal.timeout(2500) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
