// Hash router state: #/ browser, #/runs/:id, #/experiments/:id.
import { hrefFor, parseHash } from './route';
import type { Route } from './route';

class Router {
  route = $state<Route>(parseHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseHash(window.location.hash);
      window.scrollTo(0, 0);
    });
  }

  go(route: Route): void {
    const href = hrefFor(route);
    if (window.location.hash !== href) window.location.hash = href;
  }
}

export const router = new Router();
