// Moved to libs/feedgen (the demo's feeds share it); kept so bench code in progress keeps building.
export { Prng } from '../libs/feedgen/src/prng.js';
