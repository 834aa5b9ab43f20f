// What the trainee's light frame asks of the full app when it hands over: open the menu drawer
// (the frame's menu button). Read once, by the shell's first render.
let menu = false;

export function askMenu(): void {
  menu = true;
}

export function takeMenu(): boolean {
  const m = menu;
  menu = false;
  return m;
}
