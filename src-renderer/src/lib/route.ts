// Hash routes: #/ (experiment browser), #/runs/:id, #/experiments/:id.

export type Route =
  | { name: 'browser' }
  | { name: 'run'; id: number }
  | { name: 'experiment'; id: number }
  | { name: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  if (path === '/' || path === '') return { name: 'browser' };
  const m = /^\/(runs|experiments)\/(\d+)\/?$/.exec(path);
  if (m) {
    const id = Number(m[2]);
    if (Number.isSafeInteger(id) && id > 0) {
      return m[1] === 'runs' ? { name: 'run', id } : { name: 'experiment', id };
    }
  }
  return { name: 'notfound', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'browser':
      return '#/';
    case 'run':
      return `#/runs/${route.id}`;
    case 'experiment':
      return `#/experiments/${route.id}`;
    case 'notfound':
      return `#${route.path}`;
  }
}
