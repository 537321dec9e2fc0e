package org.qmpd.rocker.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.FlowRules;
import org.qmpd.rocker.ofdpa.FlowSpec;
import org.qmpd.rocker.ofdpa.OfDpaException;

/**
 * {@code x-rocker-of-dpa-flow-mod}: replaces the key, mask and action of the flow with this
 * cookie ({@code OF_DPA_FLOW_MOD}), keeping its hit count. The arguments are those of
 * {@code x-rocker-of-dpa-flow-add}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-of-dpa-flow-mod", args = RockerOfDpaFlowAdd.ARGS)
public final class RockerOfDpaFlowMod implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        FlowSpec spec = FlowShapes.spec(args);
        Rocker r = Switches.find(rockers, args.string("name"));
        try {
            if (r.world().flow(spec.cookie) == null) {
                throw new OfDpaException("flow with cookie " + Long.toUnsignedString(spec.cookie) + " not found");
            }
            r.world().modFlow(FlowRules.build(spec));
        } catch (OfDpaException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
