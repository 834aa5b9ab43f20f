// What the trainee's light frame asks of the full app when it hands over: open the menu drawer
// (the frame's menu button). The shell reads it on its first render (which React may attempt
// more than once while chunks load, so reading does not clear it) and forgets it once mounted.
let menu = false;

export function askMenu(): void {
  menu = true;
}

export function menuAsked(): boolean {
  return menu;
}

export function forgetMenu(): void {
  menu = false;
}
