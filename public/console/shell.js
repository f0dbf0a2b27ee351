// What the page as a whole knows, for the views: whether events are pushed (from the status strip), who is signed in,
// and the inbox count's refresher (set by app.js).
export const shell = {
  push: false,
  actor: null,
  refreshCount: async () => {},
  /** the inbox count, as the inbox view just read it */
  showCount: () => {},
};
