// Editor mode of `briefing serve` (briefing/preview/editor_page.py): select a passage
// of the article, press "Add a note", fill the form; edit or delete a note from its
// aside. The server chooses the quote, writes content/annotations/ and rebuilds;
// the page then reloads with the note in place. Everything here is built by this
// script, so with JavaScript off the page is exactly the published one.
(function () {
  "use strict";
  var configElement = document.getElementById("briefing-editor-config");
  var body = document.querySelector(".article-body");
  if (!configElement || !body || typeof HTMLDialogElement !== "function") {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  // The elements whose text is one block of the article (text/textmap.py): a
  // paragraph, heading, table cell, or a list item holding its text directly.
  var BLOCKS = "p, h1, h2, h3, h4, h5, h6, th, td, li";
  var NOT_ARTICLE = ".annotation-group, aside, .footnotes, .footnotes-sep, .unplaced-notes, .briefing-editor";
  var ONE_PARAGRAPH = "A note’s quote must lie within one paragraph: select a passage " +
    "that does not cross into the next paragraph, list item or heading.";
  var state = {range: null, editing: null, invoker: null, reloadWaiting: false};

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      made.setAttribute(name, attributes[name]);
    });
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function isBlock(node) {
    if (!node.matches(BLOCKS) || node.closest(NOT_ARTICLE) || !body.contains(node)) {
      return false;
    }
    // A list item whose text is in paragraphs is not a block itself (its <p>s are).
    return !(node.tagName === "LI" && node.querySelector(":scope > p"));
  }

  function blockOf(node) {
    var at = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (at && at !== body) {
      if (at.matches(NOT_ARTICLE)) {
        return null;
      }
      if (isBlock(at)) {
        return at;
      }
      at = at.parentElement;
    }
    return null;
  }

  // The text a reader sees, without the note numbers the page adds after quotes
  // and the article's own footnote markers ([1]): the anchoring text leaves
  // footnotes out (text/textmap.py), so a paragraph sent with them is not found.
  var NOT_TEXT = "sup.annotation-ref, sup.footnote-ref";
  function visibleText(fragmentOrNode) {
    var copy = fragmentOrNode.cloneNode(true);
    copy.querySelectorAll(NOT_TEXT).forEach(function (sup) { sup.remove(); });
    return copy.textContent;
  }

  function describe(range) {
    var block = blockOf(range.startContainer);
    if (!block || block !== blockOf(range.endContainer)) {
      return {error: block || blockOf(range.endContainer) ? ONE_PARAGRAPH :
        "Select a passage of the article’s text (not of a note)."};
    }
    var before = document.createRange();
    before.setStart(block, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var blocks = Array.prototype.filter.call(body.querySelectorAll(BLOCKS), isBlock);
    return {selection: {block: blocks.indexOf(block), text: visibleText(block),
      before: visibleText(before.cloneContents()), exact: visibleText(range.cloneContents())}};
  }

  // ---- the bar: the one control always there, and the status line -------------
  var bar = element("div", {"class": "briefing-editor briefing-editor-bar", role: "region",
    "aria-label": "Note editor"});
  var addButton = element("button", {type: "button", "class": "briefing-editor-add"},
    "Add a note on the selection");
  var status = element("p", {"class": "briefing-editor-status", role: "status"},
    "Editor mode: select a passage of the article, then add a note.");
  bar.append(addButton, status);
  document.body.append(bar);

  function say(text) {
    status.textContent = text;
  }

  // The last passage selected in the article; forgotten when the selection is.
  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) {
      state.range = dialog.open ? state.range : null;
    } else if (body.contains(selection.getRangeAt(0).commonAncestorContainer) ||
        body.contains(selection.anchorNode) || body.contains(selection.focusNode)) {
      state.range = selection.getRangeAt(0).cloneRange();
    }
  });
  addButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
  addButton.addEventListener("click", function () {
    if (!state.range || state.range.collapsed) {
      say("Select a passage of the article first (with the mouse, or Shift and the " +
        "arrow keys with caret browsing, F7).");
      return;
    }
    var described = describe(state.range);
    if (described.error) {
      say(described.error);
      return;
    }
    openForm({selection: described.selection}, addButton);
  });

  // ---- the form ------------------------------------------------------------------
  var dialog = element("dialog", {"class": "briefing-editor briefing-editor-dialog",
    "aria-labelledby": "briefing-editor-heading"});
  var form = element("form", {method: "dialog", novalidate: ""});
  var heading = element("h2", {id: "briefing-editor-heading"}, "New note");
  var quoted = element("p", {"class": "briefing-editor-quote"});
  var problem = element("p", {"class": "briefing-editor-problem", role: "alert", hidden: ""});

  function field(id, label, control, hint) {
    var row = element("div", {"class": "briefing-editor-field"});
    row.append(element("label", {"for": id}, label));
    if (hint) {
      var hintId = id + "-hint";
      row.append(element("p", {"class": "briefing-editor-hint", id: hintId}, hint));
      control.setAttribute("aria-describedby", hintId);
    }
    control.id = id;
    row.append(control);
    return row;
  }

  var kind = element("select", {name: "kind"});
  config.kinds.forEach(function (k) {
    kind.append(element("option", {value: k.name}, k.label));
  });
  kind.value = "note";
  var rating = element("input", {name: "rating", type: "text", autocomplete: "off"});
  if (config.ratings.length) {
    var list = element("datalist", {id: "briefing-editor-ratings"});
    config.ratings.forEach(function (name) { list.append(element("option", {value: name})); });
    rating.setAttribute("list", list.id);
    form.append(list);
  }
  var title = element("input", {name: "title", type: "text"});
  var text = element("textarea", {name: "body", rows: "6", required: ""});
  var sources = element("textarea", {name: "sources", rows: "3"});
  var author = element("input", {name: "author", type: "text", autocomplete: "name"});
  var date = element("input", {name: "date", type: "date"});
  var ratingRow = field("briefing-editor-rating", "Rating", rating,
    config.ratings.length ? "One of the site’s ratings: " + config.ratings.join(", ") : "");
  var save = element("button", {type: "submit", "class": "briefing-editor-save"}, "Save note");
  var cancel = element("button", {type: "button"}, "Cancel");
  var actions = element("div", {"class": "briefing-editor-actions"});
  actions.append(save, cancel);
  form.append(heading, quoted, problem,
    field("briefing-editor-kind", "Kind", kind), ratingRow,
    field("briefing-editor-title", "Title (optional)", title),
    field("briefing-editor-body", "Note", text, "Markdown: *emphasis*, [links](https://…)."),
    field("briefing-editor-sources", "Sources (optional)", sources,
      "One per line: the title, then a space and its URL if it has one."),
    field("briefing-editor-author", "Author (optional)", author),
    field("briefing-editor-date", "Date", date,
      "Needed for a correction or a clarification."),
    actions);
  dialog.append(form);
  document.body.append(dialog);

  function showRating() {
    ratingRow.hidden = config.rated.indexOf(kind.value) === -1;
  }
  kind.addEventListener("change", showRating);

  function today() {
    var now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function openForm(what, invoker) {
    state.editing = what;
    state.invoker = invoker;
    problem.hidden = true;
    problem.textContent = "";
    var note = what.note || {};
    heading.textContent = what.note ? "Edit note “" + note.id + "”" : "New note";
    quoted.textContent = "On: “" + (what.selection ? what.selection.exact.trim() :
      note.quote) + "”";
    kind.value = note.kind || "note";
    rating.value = note.rating || "";
    title.value = note.title || "";
    text.value = note.body || "";
    sources.value = (note.sources || []).map(function (s) {
      return s.url ? s.title + " " + s.url : s.title;
    }).join("\n");
    author.value = note.author || localStorage.getItem("briefing-editor-author") || "";
    date.value = what.note ? (note.date || "") : today();
    showRating();
    dialog.showModal();
    kind.focus();
  }

  function closeForm() {
    dialog.close();
  }
  cancel.addEventListener("click", closeForm);
  dialog.addEventListener("close", function () {
    if (state.invoker && document.contains(state.invoker)) {
      state.invoker.focus();
    }
    if (state.reloadWaiting) {
      window.location.reload();
    }
  });

  // A source kept as it was keeps its "accessed:" date, which the form does not show.
  function parsedSources() {
    var before = (state.editing.note && state.editing.note.sources) || [];
    return sources.value.split("\n").map(function (line) { return line.trim(); })
      .filter(Boolean).map(function (line) {
        var match = /^(.*\S)\s+(https?:\/\/\S+)$/.exec(line);
        var source = match ? {title: match[1], url: match[2]} : {title: line};
        before.forEach(function (old) {
          if (old.title === source.title && (old.url || undefined) === source.url && old.accessed) {
            source.accessed = old.accessed;
          }
        });
        return source;
      });
  }

  function noteFields() {
    var rated = config.rated.indexOf(kind.value) !== -1;
    return {kind: kind.value, rating: rated ? rating.value : "", title: title.value,
      body: text.value, sources: parsedSources(), author: author.value, date: date.value};
  }

  function post(action, data) {
    data.article = config.article;
    data.served = config.served;
    return fetch(config.api + "/notes/" + action, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Briefing-Token": config.token},
      body: JSON.stringify(data)}).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.error || "the preview answered " + response.status);
        }
        return answer;
      });
    });
  }

  function saved(verb) {
    return function (answer) {
      if (author.value) {
        localStorage.setItem("briefing-editor-author", author.value);
      }
      say("Note “" + answer.id + "” " + verb + " in " + answer.file +
        "; the page reloads when the preview has rebuilt.");
      state.invoker = null;
      if (dialog.open) {
        closeForm();
      }
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!text.value.trim()) {
      problem.textContent = "Write the note first.";
      problem.hidden = false;
      text.focus();
      return;
    }
    save.disabled = true;
    var what = state.editing;
    var request = what.note ?
      post("change", {id: what.note.id, note: noteFields()}).then(saved("saved")) :
      post("add", {selection: what.selection, note: noteFields()}).then(saved("added"));
    request.catch(function (error) {
      problem.textContent = "Not saved: " + error.message;
      problem.hidden = false;
      problem.focus();
    }).then(function () { save.disabled = false; });
  });
  problem.tabIndex = -1;

  // ---- edit and delete from each note's aside -------------------------------------
  function noteActions(aside) {
    var ident = aside.id.replace(/^annotation-/, "");
    var label = aside.querySelector(".annotation-number");
    var name = label ? "note " + label.textContent : "this note";
    var row = element("p", {"class": "briefing-editor briefing-editor-note-actions"});
    var edit = element("button", {type: "button"}, "Edit");
    edit.append(element("span", {"class": "visually-hidden"}, " " + name));
    var remove = element("button", {type: "button"}, "Delete");
    remove.append(element("span", {"class": "visually-hidden"}, " " + name));
    row.append(edit, " ", remove);
    aside.append(row);
    edit.addEventListener("click", function () {
      post("list", {}).then(function (answer) {
        var note = answer.notes.filter(function (n) { return n.id === ident; })[0];
        if (!note) {
          throw new Error("the note is no longer in its file; reload the page");
        }
        openForm({note: note}, edit);
      }).catch(function (error) { say("Cannot edit: " + error.message); });
    });
    remove.addEventListener("click", function () {
      if (!window.confirm("Delete " + name + " (“" + ident + "”) from its file?")) {
        return;
      }
      post("remove", {id: ident}).then(saved("deleted"))
        .catch(function (error) { say("Not deleted: " + error.message); });
    });
  }
  document.querySelectorAll("aside.annotation[id^='annotation-']").forEach(noteActions);

  // ---- a rebuild while the form is open waits for it to close -----------------------
  var reloader = window.LiveReload && window.LiveReload.reloader;
  if (reloader && typeof reloader.reloadPage === "function") {
    var reloadPage = reloader.reloadPage.bind(reloader);
    reloader.reloadPage = function () {
      if (dialog.open) {
        state.reloadWaiting = true;
        say("The article or its notes changed; the page reloads when you close the form.");
        return undefined;
      }
      return reloadPage();
    };
  }

  var style = element("link", {rel: "stylesheet", href: config.api + "/editor.css"});
  document.head.append(style);
}());
