// Part of the mail merge off the page's thread (mailmerge.js starts one or more): some customers'
// drafts, and the calendar when asked, each file deflated for the zip. Posts progress, then entries.
import { calendarFile, emlDrafts } from "./drafts.js";
import { deflateFiles } from "./zip.js";

const EVERY = 100;  // files between progress messages

onmessage = async ({ data: { kit, contracts, partner, calendar, folder } }) => {
  try {
    const files = emlDrafts(kit, contracts, partner);
    if (calendar) Object.assign(files, calendarFile(kit, calendar));
    const entries = await deflateFiles(files, folder, (done, total) => {
      if (done % EVERY === 0 || done === total) postMessage({ done, total });
    });
    postMessage({ entries }, entries.map((e) => e.deflated.buffer));
  } catch (error) {
    postMessage({ error: String((error && error.stack) || error) });
  }
};
