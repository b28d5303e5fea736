// A background job's page: poll its JSON twin, move the progress bar, reload once it has finished
// (the server then renders the result or the error). Without JavaScript a <meta refresh> does this.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-url]");
  if (!box || box.dataset.jobState === "done" || box.dataset.jobState === "failed") return;
  var bar = box.querySelector("progress");
  function show(name, value) {
    var el = box.querySelector('[data-job-field="' + name + '"]');
    if (el) el.textContent = value;
  }
  function poll() {
    fetch(box.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (job) {
        bar.value = job.progress;
        bar.textContent = job.progress + "%";
        show("state_label", job.state_label);
        show("step", job.step);
        show("progress", job.progress);
        if (job.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000); // a restarting server: keep trying, more slowly
      });
  }
  window.setTimeout(poll, 500);
})();
