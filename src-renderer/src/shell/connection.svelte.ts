// Connection status for the banner, and a resync counter views watch to refetch after a gap.
import { connect, connectionState, onConnectionState, transportKind } from '../api/client';
import type { ConnectionState } from '../api/client';

class ConnectionStatus {
  state = $state<ConnectionState>(connectionState());
  /** Increments each time the event stream comes back after being lost. */
  resync = $state(0);
  transport = transportKind();

  constructor() {
    onConnectionState((next, previous) => {
      this.state = next;
      if (next === 'open' && previous === 'lost') this.resync += 1;
    });
    connect();
  }
}

export const connection = new ConnectionStatus();
