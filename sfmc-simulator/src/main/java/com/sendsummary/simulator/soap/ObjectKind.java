package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.wsdl.APIObject;
import com.sendsummary.simulator.wsdl.ClientID;
import com.sendsummary.simulator.wsdl.ObjectFactory;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A retrievable ObjectType: where its rows come from, which properties it knows and how a row becomes a Results. */
interface ObjectKind<R> {

    ObjectFactory FACTORY = new ObjectFactory();

    /** APIObject properties every object accepts (lower case). */
    Set<String> BASE_PROPERTIES = lower(Stream.of("Client.ID", "Client.ClientID", "Client.PartnerClientKey",
            "Client.UserID", "Client.PartnerUserKey", "Client.CreatedBy", "Client.ModifiedBy", "Client.EnterpriseID",
            "Client.CustomerKey", "PartnerKey", "PartnerProperties", "CreatedDate", "ModifiedDate", "ID", "ObjectID",
            "CustomerKey", "Owner", "CorrelationID", "ObjectState"));

    String objectType();

    /** The rows of a snapshot that pass {@code filter}; {@code bounds} (implied by the filter) may skip others. */
    RowScan<R> scan(DataSet data, ScanBounds bounds, Predicate<R> filter);

    int mid(R row);

    long seq(R row);

    /** Whether the property may be listed in Properties (lower-case name). */
    boolean retrievable(String lowerCaseProperty);

    /** The filterable field for a property name (any case), or null. */
    FieldDef<R> field(String property);

    /** The Results element for a row, holding the requested properties (lower-case names). */
    APIObject toResult(R row, Set<String> requested);

    static Set<String> lower(Stream<String> names) {
        return names.map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The elements SFMC returns whether asked or not: Client/ID, PartnerKey nil, ObjectID nil. */
    static void base(APIObject result, int mid) {
        ClientID client = new ClientID();
        client.setID(mid);
        result.setClient(client);
        result.setPartnerKey(FACTORY.createAPIObjectPartnerKey(null));
        result.setObjectID(FACTORY.createAPIObjectObjectID(null));
    }
}
