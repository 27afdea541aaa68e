// The waiting-room screen: wiring of the live link, the announcements and the information.
import { Announcer } from "./announcer.js";
import { Carousel } from "./carousel.js";
import { clockText } from "./format.js";
import { infoSections, loadInfo, openingNowText } from "./info.js";
import { connectLive } from "./live.js";
import { Sound } from "./sound.js";
import { DisplayView } from "./view.js";

const settings = JSON.parse(document.getElementById("display-settings").textContent);
const view = new DisplayView(document);
const carousel = new Carousel(
  document.getElementById("info-slides"),
  document.getElementById("info-pause"),
  document.getElementById("info-position"),
);
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
    const info = await loadInfo(settings.site);
    openingNow.textContent = openingNowText(info.hours, settings.timezone);
    carousel.show(infoSections(info));
  } catch {
    // Keep what is on screen; the live link shows "reconnexion…" and retries by itself.
  }
}

function tick() {
  const now = new Date();
  clock.textContent = clockText(now, settings.timezone);
  clock.dateTime = now.toISOString();
}

connectLive({
  namespace: settings.namespace,
  site: settings.site,
  onSnapshot: (snapshot) => view.showSnapshot(snapshot),
  onCall: (call) => announcer.enqueue(call),
  onStatus: (connected) => view.showConnection(connected),
  onReconnect: refreshInfo,
});
refreshInfo();
setInterval(refreshInfo, settings.info_refresh_minutes * 60_000);
tick();
setInterval(tick, 10_000);
