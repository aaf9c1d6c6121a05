// A component's code, from its published file (components/component_module.py): fetched once
// per page and cached for good; each run sends only these lines. Calls reach the code in the
// order Streamlit made them; its cleanup runs once it has been called.
const loaded = import(new URL($url, document.baseURI).href);

export default function (component) {
  let cleanup = null;
  let gone = false;
  loaded.then((code) => {
    if (!gone) cleanup = code.default(component);
  });
  return () => {
    gone = true;
    if (typeof cleanup === "function") cleanup();
  };
}
