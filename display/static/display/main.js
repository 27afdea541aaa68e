// The waiting-room screen: wiring of the live link, the announcements and the information.
import { pageData } from "/static/common/dom.js";
import { connectLive } from "/static/common/live.js";
import { Announcer } from "./announcer.js";
import { Carousel } from "./carousel.js";
import { clockText } from "./format.js";
import { infoSections, loadInfo, openingNowText } from "./info.js";
import { Sound } from "./sound.js";
import { DisplayView } from "./view.js";

const settings = pageData("display-settings");
const view = new DisplayView(document);
const carousel = new Carousel(
  document.getElementById("info-slides"),
  document.getElementById("info-pause"),
  document.getElementById("info-position"),
);
const DISPLAY_BANNER = { connecting: "connexion…", lost: "reconnexion…" };
const openingNow = document.getElementById("opening-now");
const clock = document.getElementById("clock");

const sound = new Sound(settings.volume, (blocked) => view.showSoundBlocked(blocked));
const announcer = new Announcer({
  show: (call) => view.showCall(call),
  sound: (call) => sound.play(call),
  silence: () => sound.stop(),
  onBusy: (busy) => view.showBusy(busy),
});
window.__announcements = announcer.log;

document.getElementById("enable-sound").addEventListener("click", () => sound.unlock());
sound.start();

async function refreshInfo() {
  try {
    const info = await loadInfo();
    openingNow.textContent = openingNowText(info.hours, settings.timezone);
    carousel.show(infoSections(info, settings.ideas_url));
  } catch {
    // Keep what is on screen; the live link shows "reconnexion…" and retries by itself.
  }
}

// The address under the QR code stays on one line: a long host name gets a smaller font.
function fitAddress() {
  const address = document.getElementById("phone-url");
  address.style.fontSize = "";
  let size = parseFloat(getComputedStyle(address).fontSize);
  const floor = innerHeight * 0.026; // still read from 2 metres
  while (address.scrollWidth > address.clientWidth + 1 && size > floor) {
    size -= 1;
    address.style.fontSize = `${size}px`;
  }
}
fitAddress();
window.addEventListener("resize", () => { fitAddress(); view.fitPlace(); });

function tick() {
  const now = new Date();
  clock.textContent = clockText(now, settings.timezone);
  clock.dateTime = now.toISOString();
}

// After a break the slow information is read again too: it may have changed meanwhile.
let wasLost = false;
connectLive({
  namespace: settings.namespace,
  auth: { site: settings.site }, // the page's own site; a paired screen's binding wins
  banner: document.getElementById("connection"),
  texts: DISPLAY_BANNER,
  onSnapshot: (snapshot) => view.showSnapshot(snapshot),
  on: {
    queue_changed: (snapshot) => view.showSnapshot(snapshot),
    ticket_called: (call) => announcer.enqueue(call),
    // Hours or highlights edited in the back-office show at once, without a reload.
    setting_changed: ({ key }) => {
      if (["hours", "highlights", "ideas"].includes(key)) refreshInfo();
      if (key === "devices") window.location.reload(); // a screen moved or revoked: maybe this one
    },
  },
  onStatus: (state) => {
    if (state === "lost") wasLost = true;
    if (state === "live" && wasLost) refreshInfo();
  },
});
refreshInfo();
setInterval(refreshInfo, settings.info_refresh_minutes * 60_000);
tick();
setInterval(tick, 10_000);
