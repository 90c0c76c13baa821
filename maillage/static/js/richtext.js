// Maillage: every <textarea data-richtext> becomes a formatting toolbar over an editable area
// (Squire), so that nobody types markup. The textarea stays in the form, hidden, and receives
// the HTML on every change; the server sanitises it again (maillage/core/richtext.py).
// Without JavaScript, or if Squire fails to load, the textarea is left as it is.
(function () {
  "use strict";

  // What a paste may bring in: the server's allow-list, plus the tags Squire uses for itself
  // (B, I, DIV) and headings of every level, renamed below.
  var PASTE_CONFIG = {
    ALLOWED_TAGS: [
      "p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a", "blockquote",
      "h1", "h2", "h3", "h4", "h5", "h6", "div",
    ],
    ALLOWED_ATTR: ["href", "title"],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    RETURN_DOM_FRAGMENT: true,
  };
  // Stored texts have two heading levels, h3 and h4, shifted on each page to fit its outline.
  // In the editor they are H2 and H3, which follow any page's h1 without skipping a level.
  var PASTED = { H1: "H2", H4: "H3", H5: "H3", H6: "H3", STRONG: "B", EM: "I" };
  var LOADED = { H3: "H2", H4: "H3" };
  var STORED = { H3: "h4", H2: "h3", B: "strong", I: "em" };
  var counter = 0;

  function rename(root, names) {
    Object.keys(names).forEach(function (from) {
      root.querySelectorAll(from).forEach(function (element) {
        var renamed = document.createElement(names[from]);
        while (element.firstChild) renamed.appendChild(element.firstChild);
        Array.prototype.forEach.call(element.attributes, function (attribute) {
          renamed.setAttribute(attribute.name, attribute.value);
        });
        element.replaceWith(renamed);
      });
    });
  }

  // Chromium reports every style attribute, <style> element and event handler it parses under
  // the page's Content-Security-Policy, even in a detached document: they are dropped from the
  // string first so that a paste from a word processor leaves the console clean. DOMPurify
  // does the sanitising proper just after.
  var STYLE_ELEMENT = /<style[\s\S]*?<\/style\s*>/gi;
  var START_TAG = /<[a-zA-Z][^>]*>/g;
  var NOISY_ATTRIBUTE = /\s(?:style|on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

  function quiet(html) {
    return html.replace(STYLE_ELEMENT, "").replace(START_TAG, function (tag) {
      return tag.replace(NOISY_ATTRIBUTE, "");
    });
  }

  function sanitizeToFragment(html) {
    var fragment = window.DOMPurify.sanitize(quiet(html), PASTE_CONFIG);
    rename(fragment, PASTED);
    return document.importNode(fragment, true);
  }

  // The HTML the form posts: semantic tags, no empty editor left as "<p><br></p>".
  function storedHTML(editor) {
    var holder = document.createElement("div");
    holder.appendChild(sanitizeToFragment(editor.getHTML()));
    rename(holder, STORED);
    // Squire ends every block with a <br> so that the caret can sit there; the page needs none.
    holder.querySelectorAll("p, li, h3, h4").forEach(function (block) {
      if (block.lastChild && block.lastChild.nodeName === "BR") block.lastChild.remove();
    });
    // Squire keeps zero-width spaces where a format starts with nothing typed yet.
    return holder.textContent.replace(/\u200B/g, "").trim() ? holder.innerHTML.replace(/\u200B/g, "") : "";
  }

  function editorHTML(stored) {
    var holder = document.createElement("template");
    holder.innerHTML = stored;
    rename(holder.content, LOADED);
    return holder.innerHTML;
  }

  function linkTarget(text) {
    var value = text.trim();
    if (/^(?:https?:\/\/|mailto:)\S+$/i.test(value)) return value;
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return "mailto:" + value;
    if (/^www\.\S+\.\S+$/i.test(value)) return "https://" + value;
    return null;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function enhance(textarea) {
    var id = textarea.id || "richtext-" + ++counter;
    var label = document.querySelector('label[for="' + id + '"]');
    var name = label ? label.textContent.replace(/\(obligatoire\)/, "").trim() : "Texte";
    if (label && !label.id) label.id = id + "_label";

    var wrapper = element("div", { class: "richtext" });
    var toolbar = element("div", {
      class: "richtext-toolbar",
      role: "toolbar",
      "aria-label": "Mise en forme : " + name,
      "aria-controls": id + "_editor",
    });
    var area = element("div", {
      id: id + "_editor",
      class: "richtext-area",
      role: "textbox",
      "aria-multiline": "true",
    });
    if (label) area.setAttribute("aria-labelledby", label.id);
    else area.setAttribute("aria-label", name);
    ["aria-describedby", "aria-invalid"].forEach(function (attribute) {
      if (textarea.hasAttribute(attribute)) {
        area.setAttribute(attribute, textarea.getAttribute(attribute));
      }
    });
    // A hidden field cannot take the browser's "required" check: the area announces it.
    if (textarea.required) {
      area.setAttribute("aria-required", "true");
      textarea.required = false;
    }

    var editor = new window.Squire(area, {
      blockTag: "P",
      sanitizeToDOMFragment: sanitizeToFragment,
    });
    editor.setHTML(editorHTML(textarea.value));

    // Link panel: a labelled field in the page rather than a browser prompt.
    var linkPanel = element("div", { class: "richtext-link", id: id + "_link" });
    linkPanel.hidden = true;
    var linkLabel = element("label", { for: id + "_link_url" }, "Adresse du lien");
    var linkHint = element(
      "p",
      { class: "hint", id: id + "_link_hint" },
      "Par exemple https://www.exemple.fr ou contact@exemple.fr"
    );
    var linkInput = element("input", {
      type: "text",
      id: id + "_link_url",
      inputmode: "url",
      autocomplete: "url",
      "aria-describedby": id + "_link_hint " + id + "_link_error",
    });
    var linkError = element("p", { class: "message-error", id: id + "_link_error" });
    var linkAdd = element("button", { type: "button" }, "Insérer le lien");
    var linkCancel = element("button", { type: "button", class: "secondary" }, "Annuler");
    var linkActions = element("div", { class: "richtext-link-actions" });
    linkActions.append(linkAdd, linkCancel);
    linkPanel.append(linkLabel, linkHint, linkInput, linkError, linkActions);

    function closeLinkPanel() {
      linkPanel.hidden = true;
      linkError.textContent = "";
      editor.focus();
    }

    function insertLink() {
      var target = linkTarget(linkInput.value);
      if (!target) {
        linkError.textContent =
          "Cette adresse n'est pas reconnue : elle doit commencer par https:// ou être une adresse e-mail.";
        linkInput.setAttribute("aria-invalid", "true");
        linkInput.focus();
        return;
      }
      linkInput.removeAttribute("aria-invalid");
      editor.focus();
      editor.makeLink(target);
      closeLinkPanel();
    }

    linkAdd.addEventListener("click", insertLink);
    linkCancel.addEventListener("click", closeLinkPanel);
    linkInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        insertLink();
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeLinkPanel();
      }
    });

    function inBlock(tag) {
      return new RegExp("(^|>)" + tag + "(\\.|\\[|>|$)").test(editor.getPath());
    }

    function toggleHeading() {
      var heading = inBlock("H2");
      editor.modifyBlocks(function (fragment) {
        var blocks = fragment.querySelectorAll("p, h2, h3, div");
        blocks.forEach(function (block) {
          var replacement = document.createElement(heading ? "P" : "H2");
          while (block.firstChild) replacement.appendChild(block.firstChild);
          block.replaceWith(replacement);
        });
        return fragment;
      });
    }

    var tools = [
      {
        label: "Gras",
        shortcut: "Control+B",
        pressed: function () { return editor.hasFormat("B"); },
        run: function (on) { return on ? editor.removeBold() : editor.bold(); },
      },
      {
        label: "Italique",
        shortcut: "Control+I",
        pressed: function () { return editor.hasFormat("I"); },
        run: function (on) { return on ? editor.removeItalic() : editor.italic(); },
      },
      {
        label: "Intertitre",
        pressed: function () { return inBlock("H2"); },
        run: toggleHeading,
      },
      {
        label: "Liste à puces",
        pressed: function () { return editor.hasFormat("UL"); },
        run: function (on) { return on ? editor.removeList() : editor.makeUnorderedList(); },
      },
      {
        label: "Liste numérotée",
        pressed: function () { return editor.hasFormat("OL"); },
        run: function (on) { return on ? editor.removeList() : editor.makeOrderedList(); },
      },
      {
        label: "Lien",
        run: function () {
          linkPanel.hidden = false;
          linkInput.value = "";
          linkInput.focus();
        },
        controls: linkPanel.id,
      },
      {
        label: "Retirer le lien",
        run: function () { editor.removeLink(); },
      },
    ];

    var buttons = tools.map(function (tool, index) {
      var button = element("button", { type: "button", tabindex: index === 0 ? "0" : "-1" }, tool.label);
      if (tool.pressed) button.setAttribute("aria-pressed", "false");
      if (tool.shortcut) button.setAttribute("aria-keyshortcuts", tool.shortcut);
      if (tool.controls) button.setAttribute("aria-controls", tool.controls);
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") === "true";
        if (!tool.controls) editor.focus();
        tool.run(on);
        refresh();
      });
      toolbar.appendChild(button);
      return button;
    });

    // One tab stop for the toolbar; the arrow keys move between its buttons (ARIA toolbar).
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].setAttribute("tabindex", "-1");
      buttons[next].setAttribute("tabindex", "0");
      buttons[next].focus();
    });

    function refresh() {
      tools.forEach(function (tool, index) {
        if (tool.pressed) buttons[index].setAttribute("aria-pressed", String(tool.pressed()));
      });
    }

    // Preview: the text as the site publishes it, rendered by the server's sanitiser.
    var previewButton = element(
      "button",
      { type: "button", class: "secondary richtext-preview-toggle", "aria-expanded": "false", "aria-controls": id + "_preview" },
      "Aperçu"
    );
    var preview = element("section", {
      id: id + "_preview",
      class: "richtext-preview",
      "aria-label": "Aperçu : " + name,
    });
    preview.hidden = true;
    var previewBody = element("div");
    preview.append(element("p", { class: "richtext-preview-title" }, "Aperçu de la page publique"), previewBody);
    var previewTimer = null;

    function loadPreview() {
      var body = new URLSearchParams();
      body.set("text", textarea.value);
      fetch(textarea.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
        body: body,
      })
        .then(function (response) {
          // A session that expired answers with the sign-in page: not a preview.
          if (!response.ok || response.redirected) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          previewBody.innerHTML = html;
        })
        .catch(function () {
          previewBody.textContent = "L'aperçu n'a pas pu être chargé. Votre texte est conservé.";
        });
    }

    previewButton.addEventListener("click", function () {
      var open = previewButton.getAttribute("aria-expanded") !== "true";
      previewButton.setAttribute("aria-expanded", String(open));
      preview.hidden = !open;
      if (open) loadPreview();
    });

    function sync() {
      textarea.value = storedHTML(editor);
      refresh();
      if (!preview.hidden) {
        window.clearTimeout(previewTimer);
        previewTimer = window.setTimeout(loadPreview, 600);
      }
    }

    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", refresh);
    editor.addEventListener("cursor", refresh);
    editor.addEventListener("select", refresh);
    if (textarea.form) textarea.form.addEventListener("submit", function () { textarea.value = storedHTML(editor); });

    // The label and the error summary's links lead to the editing area, not to the hidden textarea.
    if (label) label.addEventListener("click", function () { editor.focus(); });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href="#' + id + '"]');
      if (link) {
        event.preventDefault();
        editor.focus();
      }
    });

    var footer = element("div", { class: "richtext-footer" });
    footer.appendChild(previewButton);
    wrapper.append(toolbar, linkPanel, area, footer, preview);
    textarea.hidden = true;
    textarea.setAttribute("data-richtext-ready", "");
    textarea.insertAdjacentElement("afterend", wrapper);
    if (window.location.hash === "#" + id) editor.focus();
  }

  function start() {
    if (!window.Squire || !window.DOMPurify) return;
    document.querySelectorAll("textarea[data-richtext]:not([data-richtext-ready])").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
