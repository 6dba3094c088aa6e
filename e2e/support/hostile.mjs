// The skimmer of the card-fields tests (e2e/fields.test.mjs,
// e2e/fields-3ds.test.mjs): an init script standing for a hostile script of
// the merchant's page, there before the fields mount. It collects in
// window.__loot everything such a script can reach; window.__scan() scans
// once more. The tests then look for the card in the loot.
// The skimmer: everything a script of the merchant's page can reach.
export function hostile() {
  if (window.top !== window) return; // a script of the merchant's page, not of the frame
  const loot = [];
  window.__loot = loot;
  const text = (value) => {
    try {
      return typeof value === "string" ? value : JSON.stringify(value);
    } catch {
      return String(value);
    }
  };
  const grab = (where, value) => loot.push(`${where}: ${text(value)}`);
  const describe = (event) => ({
    type: event.type, key: event.key, code: event.code, data: event.data, inputType: event.inputType,
    value: event.target && "value" in event.target ? event.target.value : undefined,
    origin: event.origin, ports: event.ports && event.ports.length,
  });
  const types = ["keydown", "keyup", "keypress", "beforeinput", "input", "change", "paste", "copy", "cut",
    "compositionstart", "compositionupdate", "compositionend", "focus", "blur", "focusin", "focusout", "message", "messageerror"];
  for (const target of [window, document]) {
    for (const type of types) target.addEventListener(type, (event) => grab(`event ${type}`, describe(event)), true);
  }
  // Every listener anyone adds, on anything, sees its events through us first.
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, ...rest) {
    const wrapped = typeof listener === "function"
      ? function (event) {
        grab(`listener ${type}`, describe(event));
        return listener.apply(this, arguments);
      }
      : listener;
    return add.call(this, type, wrapped, ...rest);
  };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    grab("fetch", [String(input && input.url ? input.url : input), init && init.body]);
    return realFetch.apply(this, arguments);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    grab("xhr", [method, String(url)]);
    return open.apply(this, arguments);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    grab("xhr body", body);
    return send.apply(this, arguments);
  };
  const postMessage = window.postMessage;
  window.postMessage = function (message) {
    grab("window.postMessage", message);
    return postMessage.apply(this, arguments);
  };
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message) {
    grab("port.postMessage", message);
    return portPost.apply(this, arguments);
  };
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, "onmessage");
  Object.defineProperty(MessagePort.prototype, "onmessage", {
    configurable: true,
    get() {
      return onmessage.get.call(this);
    },
    set(handler) {
      onmessage.set.call(this, typeof handler === "function"
        ? function (event) {
          grab("port onmessage", event.data);
          return handler.apply(this, arguments);
        }
        : handler);
    },
  });
  const RealChannel = window.MessageChannel;
  window.MessageChannel = function () {
    const channel = new RealChannel();
    add.call(channel.port1, "message", (event) => grab("sniffed port1", event.data));
    return channel;
  };
  // The DOM, every attribute and value, and whatever frames it can reach.
  function scan() {
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.attributes) grab("attribute", `${element.tagName}.${attribute.name}=${attribute.value}`);
      if ("value" in element && typeof element.value === "string" && element.value) grab("value", element.value);
      if (element.tagName === "IFRAME") {
        try {
          grab("frame document", element.contentDocument && element.contentDocument.documentElement.outerHTML);
        } catch (error) {
          grab("frame document refused", error.name);
        }
        try {
          grab("frame location", String(element.contentWindow.location.href));
        } catch (error) {
          grab("frame location refused", error.name);
        }
      }
    }
    grab("text", document.body ? document.body.innerText : "");
    for (const entry of performance.getEntries()) grab("performance", entry.name);
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) grab("performance observed", entry.name);
  }).observe({ entryTypes: ["resource", "navigation", "mark", "measure"] });
  setInterval(scan, 25);
  window.__scan = scan;
}
