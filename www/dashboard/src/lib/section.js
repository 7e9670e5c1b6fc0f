// A titled card: a <section> named by its own heading, so it is a region assistive technology lists.
import { h, uid } from './dom.js';

/** A section card with an `h2` heading. */
export function section(title, ...children) {
  return sectionWith({}, title, ...children);
}

/** The same with options: `id` (so `#verification` reaches it), heading `level`, `className`. */
export function sectionWith({ level = 2, id, className = 'card' }, title, ...children) {
  const headingId = uid('heading');
  return h('section', { class: className, id, 'aria-labelledby': headingId }, h(`h${level}`, { id: headingId }, title), children);
}
