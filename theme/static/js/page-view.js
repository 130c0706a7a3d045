// This post's page view, once the page has loaded: docs/view-counts.md.
(function (data) {
  function send() {
    if (navigator.doNotTrack === "1" || navigator.globalPrivacyControl) return;
    var url = data.send, body, referrer = document.referrer;
    if (data.domain) {
      body = JSON.stringify({name: "pageview", url: location.origin + data.path,
        domain: data.domain, referrer: referrer || null});
    } else {
      url += "&t=" + encodeURIComponent(document.title) + "&r=" + encodeURIComponent(referrer);
    }
    navigator.sendBeacon(url, body) ||
      fetch(url, {method: "POST", body: body, keepalive: true, mode: "no-cors"});
  }
  if (document.readyState === "complete") send();
  else addEventListener("load", send);
})(document.currentScript.dataset);
