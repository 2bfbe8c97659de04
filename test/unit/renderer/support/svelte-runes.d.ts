// The renderer's *.svelte.ts state modules use runes ($state, $derived); their tests type-check
// them under tsconfig.tools.json, which needs Svelte's ambient rune declarations as the app has.
/// <reference types="svelte" />
