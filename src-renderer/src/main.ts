// Renderer entry: theme first (no flash of the wrong theme), then the app.
import './app.css';
import './ui/theme.svelte';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');
mount(App, { target });
