package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.SfmcTime;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.SendRow;
import com.sendsummary.simulator.data.StoredSend;
import com.sendsummary.simulator.wsdl.APIObject;
import com.sendsummary.simulator.wsdl.Email;
import com.sendsummary.simulator.wsdl.Send;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.xml.datatype.XMLGregorianCalendar;

/** ObjectType {@code Send}: the summary of one job; its APIObject ID is the JobID. */
final class SendKind implements ObjectKind<StoredSend> {

    static final SendKind INSTANCE = new SendKind();

    private static final Set<String> RETRIEVABLE = union(BASE_PROPERTIES, ObjectKind.lower(Stream.of(
            "Email", "Email.ID", "Email.PartnerKey", "Email.Name", "Email.Subject", "Email.CustomerKey", "List",
            "SendDate", "FromAddress", "FromName", "Duplicates", "InvalidAddresses", "ExistingUndeliverables",
            "ExistingUnsubscribes", "HardBounces", "SoftBounces", "OtherBounces", "ForwardedEmails", "UniqueClicks",
            "UniqueOpens", "NumberSent", "NumberDelivered", "Unsubscribes", "MissingAddresses", "Subject",
            "PreviewURL", "Links", "Events", "SentDate", "EmailName", "Status", "IsMultipart", "SendLimit",
            "SendWindowOpen", "SendWindowClose", "IsAlwaysOn", "Sources", "NumberTargeted", "NumberErrored",
            "NumberExcluded", "Additional", "BccEmail", "BCCEmail", "EmailSendDefinition",
            "EmailSendDefinition.ObjectID", "EmailSendDefinition.CustomerKey", "SuppressionLists")));

    private static final Map<String, FieldDef<StoredSend>> FIELDS = new HashMap<>();

    static {
        number("ID", SendRow::id);
        number("Client.ID", SendRow::clientId);
        number("Email.ID", SendRow::emailId);
        date("SendDate", SendRow::sendDate);
        date("SentDate", SendRow::sentDate);
        date("CreatedDate", SendRow::createdDate);
        date("ModifiedDate", SendRow::modifiedDate);
        string("EmailName", SendRow::emailName);
        string("Subject", SendRow::subject);
        string("Status", SendRow::status);
        string("FromName", SendRow::fromName);
        string("FromAddress", SendRow::fromAddress);
        add(FieldDef.bool("IsMultipart", stored -> stored.send().isMultipart()));
        number("NumberSent", SendRow::numberSent);
        number("NumberDelivered", SendRow::numberDelivered);
        number("NumberTargeted", SendRow::numberTargeted);
        number("NumberErrored", SendRow::numberErrored);
        number("NumberExcluded", SendRow::numberExcluded);
        number("UniqueOpens", SendRow::uniqueOpens);
        number("UniqueClicks", SendRow::uniqueClicks);
        number("HardBounces", SendRow::hardBounces);
        number("SoftBounces", SendRow::softBounces);
        number("OtherBounces", SendRow::otherBounces);
        number("Unsubscribes", SendRow::unsubscribes);
        number("ForwardedEmails", SendRow::forwardedEmails);
        number("ExistingUndeliverables", SendRow::existingUndeliverables);
        number("ExistingUnsubscribes", SendRow::existingUnsubscribes);
        number("MissingAddresses", SendRow::missingAddresses);
        number("InvalidAddresses", SendRow::invalidAddresses);
        number("Duplicates", SendRow::duplicates);
    }

    private SendKind() {
    }

    @Override
    public String objectType() {
        return "Send";
    }

    @Override
    public RowScan<StoredSend> scan(DataSet data, ScanBounds bounds, Predicate<StoredSend> filter) {
        return new ListScan<>(List.copyOf(data.sends()), filter);
    }

    @Override
    public int mid(StoredSend row) {
        return row.send().clientId();
    }

    @Override
    public long seq(StoredSend row) {
        return row.seq();
    }

    @Override
    public boolean retrievable(String lowerCaseProperty) {
        return RETRIEVABLE.contains(lowerCaseProperty);
    }

    @Override
    public FieldDef<StoredSend> field(String property) {
        return FIELDS.get(property.toLowerCase(Locale.ROOT));
    }

    @Override
    public APIObject toResult(StoredSend stored, Set<String> requested) {
        SendRow row = stored.send();
        Send send = new Send();
        ObjectKind.base(send, row.clientId());
        if (requested.contains("id")) {
            send.setID(row.id());
        }
        if (requested.contains("createddate")) {
            send.setCreatedDate(calendar(row.createdDate()));
        }
        if (requested.contains("modifieddate")) {
            send.setModifiedDate(FACTORY.createAPIObjectModifiedDate(calendar(row.modifiedDate())));
        }
        if (requested.contains("email.id") && row.emailId() != null) {
            Email email = new Email();
            email.setID(row.emailId());
            send.setEmail(email);
        }
        if (requested.contains("senddate")) {
            send.setSendDate(calendar(row.sendDate()));
        }
        if (requested.contains("sentdate")) {
            send.setSentDate(FACTORY.createSendSentDate(calendar(row.sentDate())));
        }
        if (requested.contains("numbersent")) {
            send.setNumberSent(FACTORY.createSendNumberSent(row.numberSent()));
        }
        if (requested.contains("numberdelivered")) {
            send.setNumberDelivered(FACTORY.createSendNumberDelivered(row.numberDelivered()));
        }
        set(requested, "fromaddress", row.fromAddress(), send::setFromAddress);
        set(requested, "fromname", row.fromName(), send::setFromName);
        set(requested, "duplicates", row.duplicates(), send::setDuplicates);
        set(requested, "invalidaddresses", row.invalidAddresses(), send::setInvalidAddresses);
        set(requested, "existingundeliverables", row.existingUndeliverables(), send::setExistingUndeliverables);
        set(requested, "existingunsubscribes", row.existingUnsubscribes(), send::setExistingUnsubscribes);
        set(requested, "hardbounces", row.hardBounces(), send::setHardBounces);
        set(requested, "softbounces", row.softBounces(), send::setSoftBounces);
        set(requested, "otherbounces", row.otherBounces(), send::setOtherBounces);
        set(requested, "forwardedemails", row.forwardedEmails(), send::setForwardedEmails);
        set(requested, "uniqueclicks", row.uniqueClicks(), send::setUniqueClicks);
        set(requested, "uniqueopens", row.uniqueOpens(), send::setUniqueOpens);
        set(requested, "unsubscribes", row.unsubscribes(), send::setUnsubscribes);
        set(requested, "missingaddresses", row.missingAddresses(), send::setMissingAddresses);
        set(requested, "subject", row.subject(), send::setSubject);
        set(requested, "emailname", row.emailName(), send::setEmailName);
        set(requested, "status", row.status(), send::setStatus);
        set(requested, "ismultipart", row.isMultipart(), send::setIsMultipart);
        set(requested, "numbertargeted", row.numberTargeted(), send::setNumberTargeted);
        set(requested, "numbererrored", row.numberErrored(), send::setNumberErrored);
        set(requested, "numberexcluded", row.numberExcluded(), send::setNumberExcluded);
        return send;
    }

    private static <T> void set(Set<String> requested, String property, T value,
                                java.util.function.Consumer<T> setter) {
        // Non-nillable elements are left out when there is no value.
        if (value != null && requested.contains(property)) {
            setter.accept(value);
        }
    }

    private static XMLGregorianCalendar calendar(Instant instant) {
        return instant == null ? null : SfmcTime.toServerCalendar(instant);
    }

    private static void number(String name, Function<SendRow, ? extends Number> getter) {
        add(FieldDef.number(name, stored -> getter.apply(stored.send())));
    }

    private static void date(String name, Function<SendRow, Instant> getter) {
        add(FieldDef.date(name, stored -> getter.apply(stored.send())));
    }

    private static void string(String name, Function<SendRow, String> getter) {
        add(FieldDef.string(name, stored -> getter.apply(stored.send())));
    }

    private static void add(FieldDef<StoredSend> field) {
        FIELDS.put(field.name().toLowerCase(Locale.ROOT), field);
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        return Stream.concat(first.stream(), second.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
