/** A set-password link: someone without a password chooses one (issue 16 part 1). Open to anyone holding the link. */
import { h } from '../dom.js';

export const setPasswordPage = {
  title: 'Atur Kata Sandi',
  /** Shown without a session: the link's token is the proof. */
  public: true,
  render(view) {
    view.append(h('h1', { text: 'Atur Kata Sandi' }));
  },
};
