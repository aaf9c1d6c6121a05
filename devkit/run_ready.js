// The page shows a finished full run later than `after`: the app's script is not running and
// its run mark (the last element each full run writes, components/ui/page.py) says which run.
([selector, after]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const mark = document.querySelector(selector);
  return Boolean(app && mark) && app.dataset.testScriptState === "notRunning"
    && Number(mark.dataset.run) > after;
}
