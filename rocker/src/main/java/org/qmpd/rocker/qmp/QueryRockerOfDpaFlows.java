package org.qmpd.rocker.qmp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.Flow;

/**
 * {@code query-rocker-of-dpa-flows}: the flows of one table ({@code tbl-id}) or, without it,
 * of every table (the documented behaviour; QEMU's code returns table 0 only). Each flow's
 * {@code hits} counts the frames it matched. QEMU lists them in hash order; here they come
 * by descending cookie, which is what prepending to a list in cookie order gives.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-rocker-of-dpa-flows", args = "name:s,tbl-id:i?")
public final class QueryRockerOfDpaFlows implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long tblId = args.uint32("tbl-id", -1);
        return list(Switches.find(rockers, args.string("name")), tblId);
    }

    /** The flows of table {@code tblId} (-1: all), as the query lists them. */
    public static List<FlowInfo> list(Rocker r, long tblId) {
        List<Flow> flows = new ArrayList<>(r.world().flows());
        flows.sort(Comparator.comparing(Flow::cookie, Long::compareUnsigned).reversed());
        List<FlowInfo> result = new ArrayList<>();
        for (Flow f : flows) {
            if (tblId == -1 || f.tblId() == tblId) {
                result.add(FlowShapes.info(f));
            }
        }
        return result;
    }
}
