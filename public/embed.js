/*
 * Optional host script for embeds of School absence in England. Add it once to a page with our
 * iframes: each iframe is resized to its content's height when the embed reports it. It reads the
 * embed's messages in any of the formats they are sent in (Datawrapper, pym.js, AMP), accepts them
 * only from this script's own origin, and applies each to the iframe whose window sent it.
 */
(function () {
  if (window.__absenceEmbeds) return;
  window.__absenceEmbeds = true;
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, location.href).origin : null;

  function heightOf(data) {
    if (typeof data === 'string') {
      var m = /^pymxPYMx.*xPYMxheightxPYMx(\d+(?:\.\d+)?)$/.exec(data);
      return m ? Number(m[1]) : null;
    }
    if (data && typeof data === 'object') {
      var dw = data['datawrapper-height'];
      if (dw && typeof dw === 'object') {
        for (var k in dw) if (typeof dw[k] === 'number') return dw[k];
        return null;
      }
      if (data.sentinel === 'amp' && data.type === 'embed-size' && typeof data.height === 'number') return data.height;
    }
    return null;
  }

  window.addEventListener('message', function (e) {
    if (origin && e.origin !== origin) return;
    var h = heightOf(e.data);
    if (h === null || !(h > 0) || h > 20000) return;
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.ceil(h) + 'px';
        frames[i].setAttribute('height', String(Math.ceil(h)));
      }
    }
  });
})();
