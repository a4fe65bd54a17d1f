import { useEffect, useReducer } from 'react';
import { initialState, reduce } from './state/reducer.ts';
import type { Transport } from './transport/types.ts';

/** Feeds everything the transport receives into the reducer. */
export function useDashboard(transport: Transport) {
  const [state, dispatch] = useReducer(reduce, initialState);
  useEffect(() => {
    const offs = [
      transport.onEvent((event) => dispatch({ type: 'event', event })),
      transport.onStatus((status) => dispatch({ type: 'status', status })),
      transport.onConnection((connection) => dispatch({ type: 'connection', connection })),
      transport.onInvalid((count) => dispatch({ type: 'invalid', count })),
    ];
    return () => offs.forEach((off) => off());
  }, [transport]);
  return [state, dispatch] as const;
}
