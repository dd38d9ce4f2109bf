// akutbro console: the live queue (server-sent events), keyboard shortcuts on an
// assessment, and a training job's progress. No build step, no library.
"use strict";

(function () {
  function typing(event) {
    const el = event.target;
    return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
  }

  // The live queue: each new assessment arrives as an HTML fragment and goes on top.
  function liveQueue(list) {
    const status = document.getElementById("live-status");
    const empty = document.getElementById("queue-empty");
    const limit = Number(list.dataset.limit || 50);
    const source = new EventSource(list.dataset.events);
    source.addEventListener("open", function () {
      status.textContent = status.dataset.connected;
    });
    source.addEventListener("error", function () {
      status.textContent = status.dataset.lost;
    });
    source.addEventListener("expired", function (event) {
      source.close();
      window.location.assign(event.data);
    });
    source.addEventListener("assessment", function (event) {
      const holder = document.createElement("template");
      holder.innerHTML = event.data.trim();
      const item = holder.content.firstElementChild;
      if (!item || document.getElementById(item.id)) {
        return;
      }
      // A re-sent call: its newer assessment replaces the row, one row per call.
      const earlier = list.querySelector("[data-call='" + CSS.escape(item.dataset.call) + "']");
      if (earlier) {
        if (earlier.dataset.created > item.dataset.created) {
          return;
        }
        earlier.remove();
      }
      item.classList.add("is-new");
      list.prepend(item);
      if (empty) {
        empty.hidden = true;
      }
      while (list.children.length > limit) {
        list.lastElementChild.remove();
      }
    });
  }

  // An assessment: A accepts, O opens the override form, Enter submits it, Esc closes it.
  function assessmentKeys() {
    const accept = document.getElementById("accept-form");
    const dialog = document.getElementById("override-dialog");
    const open = document.getElementById("override-button");
    const close = document.getElementById("override-close");
    const form = document.getElementById("override-form");
    const action = document.getElementById("action_taken");
    if (!accept || !dialog || !open) {
      return; // answered already, or superseded: nothing to decide here
    }
    function openOverride() {
      dialog.showModal();
      action.focus();
    }
    open.addEventListener("click", openOverride);
    close.addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      open.focus();
    });
    form.addEventListener("keydown", function (event) {
      // Enter submits from the select and the radio buttons too (a textarea keeps its newline).
      if (event.key === "Enter" && !event.shiftKey && event.target.tagName !== "TEXTAREA"
          && event.target.tagName !== "BUTTON") {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || dialog.open || typing(event)) {
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "a") {
        event.preventDefault();
        accept.requestSubmit();
      } else if (key === "o") {
        event.preventDefault();
        openOverride();
      }
    });
  }

  // After an accept: the undo button goes when its window (kept by the server) has passed.
  function undoWindow(form) {
    const left = new Date(form.dataset.until).getTime() - Date.now();
    window.setTimeout(function () {
      form.hidden = true;
    }, Math.max(left, 0));
  }

  // A training job: poll its state every second until it has finished.
  function followJob(panel) {
    const bar = document.getElementById("job-progress");
    const percent = document.getElementById("job-percent");
    const state = document.getElementById("job-state");
    const message = document.getElementById("job-message");
    const error = document.getElementById("job-error");
    const result = document.getElementById("job-result");
    const link = document.getElementById("job-version");
    function show(job) {
      bar.value = job.progress;
      bar.textContent = percent.textContent = Math.round(job.progress * 100) + " %";
      state.textContent = state.dataset[job.status] || job.status;
      message.textContent = job.message;
      if (job.error) {
        error.textContent = job.error;
        error.hidden = false;
      }
      if (job.model_version) {
        link.href = "/console/admin/models/" + encodeURIComponent(job.model_version);
        result.hidden = false;
      }
      return Boolean(job.finished_at);
    }
    function poll() {
      fetch(panel.dataset.jobUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 401) {
            window.location.assign("/console/login");
            return null;
          }
          return response.json();
        })
        .then(function (job) {
          if (job && !show(job)) {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () {
          window.setTimeout(poll, 2000);
        });
    }
    if (panel.dataset.finished !== "true") {
      window.setTimeout(poll, 500);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    const queue = document.getElementById("queue");
    if (queue && queue.dataset.events) {
      liveQueue(queue);
    }
    if (document.querySelector("[data-shortcuts='assessment']")) {
      assessmentKeys();
    }
    const undo = document.getElementById("undo-form");
    if (undo && undo.dataset.until) {
      undoWindow(undo);
    }
    const job = document.getElementById("job");
    if (job && job.dataset.jobUrl) {
      followJob(job);
    }
  });
})();
