// Hash routes: #/ (experiment browser), #/runs/:id, #/experiments/:id, #/new, #/sweep,
// #/runs/:id/{rollouts,entropy,overlap,temperature,rules},
// #/compare, #/models (their options live in the hash's query: #/new?from=3, #/compare?runs=1,2).

export type Route =
  | { name: 'browser' }
  | { name: 'run'; id: number }
  | { name: 'experiment'; id: number }
  | { name: 'new' }
  | { name: 'sweep' }
  | { name: 'compare' }
  | { name: 'models' }
  | { name: 'rollouts'; id: number; step: number | null }
  | { name: 'rules'; id: number; step: number | null }
  | { name: 'entropy'; id: number }
  | { name: 'overlap'; id: number }
  | { name: 'temperature'; id: number }
  | { name: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  if (path === '/' || path === '') return { name: 'browser' };
  if (path === '/new' || path === '/sweep' || path === '/compare' || path === '/models')
    return { name: path.slice(1) as 'new' | 'sweep' | 'compare' | 'models' };
  const lens = /^\/runs\/(\d+)\/(rollouts|entropy|overlap|temperature|rules)\/?$/.exec(path);
  if (lens && Number(lens[1]) > 0) {
    const id = Number(lens[1]);
    if (lens[2] === 'entropy' || lens[2] === 'overlap' || lens[2] === 'temperature')
      return { name: lens[2], id };
    const step = hashParams(hash).get('step');
    const at = step && /^\d+$/.test(step) ? Number(step) : null;
    return lens[2] === 'rules'
      ? { name: 'rules', id, step: at }
      : { name: 'rollouts', id, step: at };
  }
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
    case 'new':
    case 'sweep':
    case 'compare':
    case 'models':
      return `#/${route.name}`;
    case 'rollouts':
      return `#/runs/${route.id}/rollouts${route.step === null ? '' : `?step=${route.step}`}`;
    case 'rules':
      return `#/runs/${route.id}/rules${route.step === null ? '' : `?step=${route.step}`}`;
    case 'entropy':
    case 'overlap':
    case 'temperature':
      return `#/runs/${route.id}/${route.name}`;
    case 'notfound':
      return `#${route.path}`;
  }
}

/** The query part of the current hash (#/compare?runs=1,2 → runs=1,2). */
export function hashParams(hash: string = window.location.hash): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}
