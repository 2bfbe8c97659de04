// Light/dark theme: the saved choice wins, otherwise the system's prefers-color-scheme (followed
// live). Applied as <html data-theme="…"> so CSS variables switch everywhere, charts included.
export type Theme = 'light' | 'dark';
const KEY = 'forkbench.theme';

function saved(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

function system(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

class ThemeState {
  current = $state<Theme>(saved() ?? system());
  explicit = $state(saved() !== null);

  constructor() {
    this.apply();
    if (typeof matchMedia === 'function') {
      matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
        if (!this.explicit) {
          this.current = e.matches ? 'dark' : 'light';
          this.apply();
        }
      });
    }
  }

  private apply(): void {
    document.documentElement.dataset['theme'] = this.current;
    document.documentElement.style.colorScheme = this.current;
  }

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }

  set(theme: Theme): void {
    this.current = theme;
    this.explicit = true;
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // not persisted; still applied
    }
    this.apply();
  }
}

export const theme = new ThemeState();
