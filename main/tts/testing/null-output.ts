/**
 * A speaker stand-in for machines without a sound card (CI, servers): ffmpeg reads the WAV from
 * stdin at its real-time rate (-re) and throws the samples away. Playback then takes as long as on
 * a real speaker, so barge-in and latency behave as they would, and killing it is a real kill.
 */
import { AudioOutput, type PlayerCommand } from '../player.ts';

export const PACED_NULL_PLAYER: PlayerCommand = {
  name: 'ffmpeg-null',
  command: 'ffmpeg',
  args: ['-nostdin', '-hide_banner', '-loglevel', 'error', '-re', '-f', 'wav', '-i', 'pipe:0', '-f', 'null', '-'],
};

export function pacedNullOutput(): AudioOutput {
  return new AudioOutput([PACED_NULL_PLAYER]);
}
