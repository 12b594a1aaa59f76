import type { State } from './state.js';

/** What a view is given: the state, a way to release what it draws, and whether it is still shown. */
export interface ViewContext {
  state: State;
  /** Runs when the view is replaced (charts release their observers and canvases). */
  onDispose(release: () => void): void;
  /** False once the user has moved on: late responses are then dropped. */
  isCurrent(): boolean;
}

export type ViewRenderer = (root: HTMLElement, context: ViewContext) => Promise<void>;
